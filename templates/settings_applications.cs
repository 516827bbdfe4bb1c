<?cs include:"header.cs" ?>
<section class="settings applications">
<h1>Authorized apps</h1>
<p class="intro">These applications can use your account. Revoking one signs it out at once; it needs your consent again to come back.</p>
<?cs each:a = apps ?>
<article class="application" id="app-<?cs var:a.id ?>">
  <h2><?cs var:a.name ?></h2>
<?cs if:a.website ?>  <p class="website"><a href="<?cs var:a.website ?>" rel="nofollow noopener noreferrer"><?cs var:a.website ?></a></p>
<?cs /if ?>
  <ul class="scopes">
<?cs each:s = a.scopes ?>    <li><span class="scope-words"><?cs var:s.words ?></span> <code class="scope-name"><?cs var:s.name ?></code></li>
<?cs /each ?>
  </ul>
  <p class="dates">Authorized <time class="authorized"><?cs var:a.authorized ?></time> UTC &middot; <?cs if:a.last_used ?>last used <time class="last-used"><?cs var:a.last_used ?></time> UTC<?cs else ?><span class="last-used">never used</span><?cs /if ?></p>
  <form method="post" action="/settings/applications/<?cs var:a.id ?>/revoke">
    <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
    <button type="submit" class="danger">Revoke</button>
  </form>
</article>
<?cs /each ?>
<?cs if:!subcount(apps) ?><p class="empty">You have not authorized any application.</p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
