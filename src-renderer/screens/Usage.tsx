/** The Usage screen (being built). */
export function UsageScreen() {
  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">Usage</h1>
    </section>
  );
}
