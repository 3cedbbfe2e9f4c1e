// An artist's picture; a neutral tile when there is none or it does not load.
import { useState } from 'react';

export function ArtistImage({ src, size, className = '', alt = '' }: { src: string | null; size: number; className?: string; alt?: string }) {
  const [broken, setBroken] = useState(false);
  if (!src || broken) return <span className={`avatar ${className}`} style={{ width: size, height: size }} aria-hidden="true" />;
  return <img className={className} src={src} alt={alt} width={size} height={size} loading="lazy" onError={() => setBroken(true)} />;
}
