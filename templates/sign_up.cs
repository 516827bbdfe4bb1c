<?cs include:"header.cs" ?>
<section class="auth">
<h1>Create an account on <?cs var:site.title ?></h1>
<?cs if:closed ?>
<p>This server is not accepting new accounts.</p>
<?cs else ?>
<?cs if:approval_required ?><p>An administrator reviews each new account before it can be used.</p><?cs /if ?>
<?cs if:errors.form ?><p class="form-error" role="alert"><?cs var:errors.form ?></p><?cs /if ?>
<form method="post" action="/auth/sign_up">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
  <label for="username">Username</label>
  <input type="text" id="username" name="username" value="<?cs var:form.username ?>" maxlength="30" pattern="[A-Za-z0-9_]{1,30}" autocomplete="username" required<?cs if:errors.username ?> aria-invalid="true" aria-describedby="username-error"<?cs /if ?>>
  <small>Letters, digits and underscores; your address will be @name@<?cs var:site.domain ?>.</small>
<?cs if:errors.username ?>  <p class="field-error" id="username-error"><?cs var:errors.username ?></p>
<?cs /if ?>
  <label for="email">Email</label>
  <input type="email" id="email" name="email" value="<?cs var:form.email ?>" autocomplete="email" required<?cs if:errors.email ?> aria-invalid="true" aria-describedby="email-error"<?cs /if ?>>
<?cs if:errors.email ?>  <p class="field-error" id="email-error"><?cs var:errors.email ?></p>
<?cs /if ?>
  <label for="password">Password</label>
  <input type="password" id="password" name="password" minlength="8" maxlength="72" autocomplete="new-password" required<?cs if:errors.password ?> aria-invalid="true" aria-describedby="password-error"<?cs /if ?>>
<?cs if:errors.password ?>  <p class="field-error" id="password-error"><?cs var:errors.password ?></p>
<?cs /if ?>
  <label for="password_confirmation">Password again</label>
  <input type="password" id="password_confirmation" name="password_confirmation" minlength="8" maxlength="72" autocomplete="new-password" required<?cs if:errors.password_confirmation ?> aria-invalid="true" aria-describedby="confirmation-error"<?cs /if ?>>
<?cs if:errors.password_confirmation ?>  <p class="field-error" id="confirmation-error"><?cs var:errors.password_confirmation ?></p>
<?cs /if ?>
<?cs if:approval_required ?>
  <label for="reason">Why do you want to join?</label>
  <textarea id="reason" name="reason" rows="3" maxlength="500"><?cs var:form.reason ?></textarea>
<?cs if:errors.reason ?>  <p class="field-error"><?cs var:errors.reason ?></p>
<?cs /if ?>
<?cs /if ?>
  <button type="submit">Sign up</button>
</form>
<p>Already have an account? <a href="/auth/sign_in">Sign in</a>.</p>
<?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
