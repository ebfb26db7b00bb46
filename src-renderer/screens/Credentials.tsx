/** The Credentials screen (being built). */
export function CredentialsScreen() {
  return (
    <section aria-labelledby="credentials-title">
      <h1 id="credentials-title">Credentials</h1>
    </section>
  );
}
