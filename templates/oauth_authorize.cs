<?cs include:"header.cs" ?>
<?cs # The consent page: every value here comes from the application's
     registration or its request and is escaped like any other. ?>
<?cs def:authorization_fields() ?>
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
  <input type="hidden" name="client_id" value="<?cs var:app.client_id ?>">
  <input type="hidden" name="redirect_uri" value="<?cs var:auth.redirect_uri ?>">
  <input type="hidden" name="response_type" value="code">
  <input type="hidden" name="scope" value="<?cs var:auth.scope ?>">
<?cs if:auth.state ?>  <input type="hidden" name="state" value="<?cs var:auth.state ?>">
<?cs /if ?>
<?cs if:auth.code_challenge ?>  <input type="hidden" name="code_challenge" value="<?cs var:auth.code_challenge ?>">
  <input type="hidden" name="code_challenge_method" value="S256">
<?cs /if ?>
<?cs /def ?>
<section class="auth consent">
<h1>Authorize <span class="app-name"><?cs var:app.name ?></span>?</h1>
<p><strong class="app-name"><?cs var:app.name ?></strong><?cs if:app.website ?> (<a href="<?cs var:app.website ?>" rel="nofollow noopener noreferrer"><?cs var:app.website ?></a>)<?cs /if ?> asks to use your account <strong>@<?cs var:viewer.username ?>@<?cs var:site.domain ?></strong>. It will be able to:</p>
<ul class="scopes">
<?cs each:s = scopes ?>  <li><span class="scope-words"><?cs var:s.words ?></span> <code class="scope-name"><?cs var:s.name ?></code></li>
<?cs /each ?>
</ul>
<?cs if:auth.redirect_shown ?><p class="redirect">Afterwards you will be sent back to <code><?cs var:auth.redirect_shown ?></code>.</p>
<?cs else ?><p class="redirect">Afterwards this page will show a code to copy into the application.</p>
<?cs /if ?>
<div class="actions">
<form method="post" action="/oauth/authorize" class="approve">
<?cs call:authorization_fields() ?>
  <button type="submit">Authorize</button>
</form>
<form method="post" action="/oauth/authorize/deny" class="deny">
<?cs call:authorization_fields() ?>
  <button type="submit" class="secondary">Deny</button>
</form>
</div>
<form method="post" action="/auth/sign_out" class="switch-account">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
  <input type="hidden" name="return_to" value="<?cs var:auth.return_to ?>">
  <p>Not @<?cs var:viewer.username ?>? <button type="submit" class="link">Sign in as someone else</button></p>
</form>
<p class="note">You can take this access back at any time under <a href="/settings/applications">Authorized apps</a>.</p>
</section>
<?cs include:"footer.cs" ?>
