// The app's frame and its two pages; any other path is a friendly 404.
import { Link, Route, Switch } from 'wouter';
import { ArtistPage } from './pages/ArtistPage';
import { HomePage } from './pages/HomePage';

export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          <span className="brand-dot" aria-hidden="true" /> Setlist
        </Link>
        <span className="muted small tagline">shows, songs and tonight’s setlist</span>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <Switch>
          <Route path="/">
            <HomePage />
          </Route>
          <Route path="/artists/:slug">{(params) => <ArtistPage key={params.slug} slug={params.slug} />}</Route>
          <Route>
            <div className="panel">
              <h1>Page not found</h1>
              <p>
                <Link href="/">Search artists</Link>
              </p>
            </div>
          </Route>
        </Switch>
      </main>
    </>
  );
}
