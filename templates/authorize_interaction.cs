<?cs include:"header.cs" ?>
<section class="notice">
  <h1><?cs var:page.title ?></h1>
<?cs if:interaction.looked_up ?>
  <p>This post or profile could not be found:</p>
  <p><code><?cs var:interaction.uri ?></code></p>
  <p>Its server did not answer, does not know it, or does not share it
  with this server. Check the address, or try again later.</p>
<?cs else ?>
  <p>This server does not know this post or profile yet:</p>
  <p><code><?cs var:interaction.uri ?></code></p>
  <p><a href="/auth/sign_in">Sign in</a> to look it up on the server it
  is on, then follow or answer it from here.</p>
<?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
