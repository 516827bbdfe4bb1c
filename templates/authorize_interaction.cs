<?cs include:"header.cs" ?>
<section class="notice">
  <h1><?cs var:page.title ?></h1>
  <p>This server does not know this post or profile yet:</p>
  <p><code><?cs var:interaction.uri ?></code></p>
  <p>Looking up posts and profiles on other servers is not possible here
  yet. Search for the account by its name once it has reached this
  server, or follow it from the server it is on.</p>
</section>
<?cs include:"footer.cs" ?>
