import { ArtistSearch } from '../components/ArtistSearch';
import { ImportsPanel } from '../components/ImportsPanel';
import { TrendingArtists } from '../components/TrendingArtists';

export function HomePage() {
  return (
    <div className="home-grid">
      <div className="home-main">
        <ArtistSearch />
        <ImportsPanel />
      </div>
      <aside className="home-side">
        <TrendingArtists />
      </aside>
    </div>
  );
}
