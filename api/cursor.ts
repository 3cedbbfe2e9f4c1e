// Opaque keyset cursors: the sort key of the last item of a page, so the next
// page starts strictly after it whatever rows were added meanwhile. The client
// only passes them back; a tampered or foreign cursor is a 400, never a 500.
import { z } from 'zod';
import { isUuidLike } from './schemas';

const uuid = z.string().refine(isUuidLike);

const SongCursor = z.object({ k: z.literal('song'), popularity: z.number().int().nullable(), id: uuid });
const ShowCursor = z.object({ k: z.literal('show'), date: z.iso.datetime(), id: uuid });

export type SongCursor = z.infer<typeof SongCursor>;
export type ShowCursor = z.infer<typeof ShowCursor>;

function encode(value: SongCursor | ShowCursor): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode<T>(schema: z.ZodType<T>, cursor: string): T | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function encodeSongCursor(popularity: number | null, id: string): string {
  return encode({ k: 'song', popularity, id });
}
export function decodeSongCursor(cursor: string): SongCursor | null {
  return decode(SongCursor, cursor);
}

export function encodeShowCursor(date: Date, id: string): string {
  return encode({ k: 'show', date: date.toISOString(), id });
}
export function decodeShowCursor(cursor: string): ShowCursor | null {
  return decode(ShowCursor, cursor);
}
