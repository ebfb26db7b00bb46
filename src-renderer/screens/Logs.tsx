/** The Logs screen (being built). */
export function LogsScreen() {
  return (
    <section aria-labelledby="logs-title">
      <h1 id="logs-title">Logs</h1>
    </section>
  );
}
