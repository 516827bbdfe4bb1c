<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1>Delete this post?</h1>
<?cs uvar:status.article_html ?>
<form method="post" action="<?cs var:status.path ?>/delete">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
  <p>This cannot be undone.</p>
  <button type="submit" class="danger">Delete</button>
  <a href="<?cs var:status.path ?>">Cancel</a>
</form>
<?cs include:"footer.cs" ?>
