/** The Models screen (being built). */
export function ModelsScreen() {
  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
    </section>
  );
}
