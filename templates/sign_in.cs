<?cs include:"header.cs" ?>
<section class="auth">
<h1>Sign in to <?cs var:site.title ?></h1>
<?cs if:error ?><p class="form-error" role="alert"><?cs var:error ?></p><?cs /if ?>
<form method="post" action="/auth/sign_in">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
<?cs if:form.return_to ?>  <input type="hidden" name="return_to" value="<?cs var:form.return_to ?>">
<?cs /if ?>
  <label for="username">Username or email</label>
  <input type="text" id="username" name="username" value="<?cs var:form.username ?>" autocomplete="username" required>
  <label for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
<?cs if:site.registrations_open ?><p>New here? <a href="/auth/sign_up">Create an account</a>.</p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
