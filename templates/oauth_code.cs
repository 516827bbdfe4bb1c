<?cs include:"header.cs" ?>
<section class="auth oauth-code">
<h1>Authorization code</h1>
<p>Copy this code and paste it into <strong class="app-name"><?cs var:app.name ?></strong>:</p>
<p><input type="text" id="code" class="code" value="<?cs var:code ?>" readonly aria-label="Authorization code" size="50"></p>
<p>It works once, within ten minutes.</p>
</section>
<?cs include:"footer.cs" ?>
