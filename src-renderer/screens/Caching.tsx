import { useOutcrop } from '../context';
import { useModelViews } from '../components/use-model-views';
import { CacheHitRate } from './caching/CacheHitRate';
import { CachingDefaults } from './caching/CachingDefaults';
import { PerModelOverrides } from './caching/PerModelOverrides';
import './caching/caching.css';

/** Caching: where Outcrop puts prompt-cache points by default and per model, and what the cache saved. */
export function CachingScreen() {
  const { settings, loadError, refresh } = useOutcrop();
  const { models } = useModelViews();
  return (
    <section aria-labelledby="caching-title" className="cch-screen">
      <h1 id="caching-title">Caching</h1>
      <p className="muted cch-intro">
        Bedrock can keep the start of a prompt warm, so the next request that begins the same way pays for it at a fraction of
        the price. Outcrop marks those places for you; a request's own <code>cache_control</code> or <code>prompt_caching</code> still wins.
      </p>
      {loadError && !settings && (
        <div className="banner banner-bad" role="alert">
          Could not load the settings: {loadError} <button type="button" onClick={() => void refresh()}>Try again</button>
        </div>
      )}
      <div className="cch-top">
        <div className="card cch-defaults-card">
          <CachingDefaults />
        </div>
        <aside className="card cch-explain" aria-labelledby="caching-costs-title">
          <h2 id="caching-costs-title">What it costs and saves</h2>
          <ul>
            <li><strong>Writing</strong> a prefix to the cache costs about <strong>25% more</strong> than plain input tokens on Anthropic models.</li>
            <li><strong>Reading</strong> it back costs about <strong>90% less</strong>, for requests within a few minutes that start the same way.</li>
            <li>Points only go where the prefix passes <strong>~1,024 tokens</strong> (shorter ones are not cached), and never more than <strong>4</strong> per request.</li>
            <li>Only models that cache use them: <strong>Claude 3.5 Haiku, 3.7 Sonnet and 4.x</strong>, and <strong>Amazon Nova</strong>. Other models ignore these settings.</li>
          </ul>
        </aside>
      </div>
      <div className="card">
        <h2 id="overrides-title" className="cch-card-title">Per-model overrides</h2>
        <p className="muted cch-card-hint">Turn a place on or off for one model or alias; <em>Inherit</em> follows the defaults.</p>
        {settings ? <PerModelOverrides models={models} /> : <div className="skeleton cch-loading" aria-busy="true">Loading overrides…</div>}
      </div>
      <div className="card">
        <h2 className="cch-card-title">Cache hit rate, last 7 days</h2>
        <p className="muted cch-card-hint">Share of prompt tokens read from the cache: cache reads ÷ (input + cache reads + cache writes). Updates as requests arrive.</p>
        <CacheHitRate models={models} />
      </div>
    </section>
  );
}
