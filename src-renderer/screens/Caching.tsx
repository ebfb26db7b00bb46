/** The Caching screen (being built). */
export function CachingScreen() {
  return (
    <section aria-labelledby="caching-title">
      <h1 id="caching-title">Caching</h1>
    </section>
  );
}
