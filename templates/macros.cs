<?cs # Shared pieces: a status in a list, pagination, the compose form.
     content_html and note_html are HTML we produced (lib/format.c) or
     remote HTML that passed the sanitizer before it was stored: they are
     the only values printed without escaping. ?>
<?cs # One button under a post: a small form that posts back with the
     CSRF token and the page to return to. ?>
<?cs def:status_action(s, action, pressed, label) ?>
    <form class="inline action" method="post" action="<?cs var:s.path ?>/<?cs var:action ?>">
      <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
      <input type="hidden" name="return_to" value="<?cs var:request.return_to ?>">
      <button type="submit" class="link <?cs var:action ?>" aria-pressed="<?cs if:pressed ?>true<?cs else ?>false<?cs /if ?>"><?cs var:label ?></button>
    </form>
<?cs /def ?>

<?cs def:status_item(s, highlight) ?>
<article class="status<?cs if:highlight ?> focus<?cs /if ?>" id="status-<?cs var:s.id ?>">
<?cs if:s.boosted_by.username ?>  <p class="boosted-by"><a href="<?cs var:s.boosted_by.path ?>"><?cs var:s.boosted_by.display_name ?></a> boosted</p>
<?cs /if ?>
  <header>
    <a class="author" href="<?cs var:s.account.path ?>"><img class="avatar" src="<?cs var:s.account.avatar ?>" alt="" width="40" height="40"> <strong><?cs var:s.account.display_name ?></strong> <span class="acct">@<?cs var:s.account.acct ?></span></a>
    <a class="permalink" href="<?cs var:s.path ?>"><time datetime="<?cs var:s.created_at ?>"><?cs var:s.created_at_short ?></time></a>
    <?cs if:s.visibility != "public" ?><span class="visibility"><?cs var:s.visibility ?></span><?cs /if ?>
  </header>
<?cs if:s.spoiler_text ?>
  <details>
    <summary><?cs var:s.spoiler_text ?></summary>
    <div class="content"><?cs uvar:s.content_html ?></div>
  </details>
<?cs else ?>
  <div class="content"><?cs uvar:s.content_html ?></div>
<?cs /if ?>
  <footer>
    <a href="<?cs var:s.path ?>"><?cs if:s.replies_count == 1 ?>1 reply<?cs else ?><?cs var:s.replies_count ?> replies<?cs /if ?></a>
<?cs if:viewer.username ?>    <a class="reply" href="<?cs var:s.path ?>#reply">Reply</a>
<?cs if:s.favourited ?><?cs call:status_action(s, "unfavourite", "1", "Unfavourite") ?><?cs else ?><?cs call:status_action(s, "favourite", "", "Favourite") ?><?cs /if ?>
    <span class="favourites-count" title="favourites"><?cs var:s.favourites_count ?></span>
<?cs if:s.reblogged ?><?cs call:status_action(s, "unreblog", "1", "Unboost") ?><?cs elif:s.can_reblog ?><?cs call:status_action(s, "reblog", "", "Boost") ?><?cs /if ?>
    <span class="reblogs-count" title="boosts"><?cs var:s.reblogs_count ?><?cs if:!s.reblogged && !s.can_reblog ?> boosts<?cs /if ?></span>
<?cs if:s.bookmarked ?><?cs call:status_action(s, "unbookmark", "1", "Remove bookmark") ?><?cs else ?><?cs call:status_action(s, "bookmark", "", "Bookmark") ?><?cs /if ?>
<?cs else ?>    <span class="favourites-count"><?cs var:s.favourites_count ?> favourites</span>
    <span class="reblogs-count"><?cs var:s.reblogs_count ?> boosts</span>
<?cs /if ?>
<?cs if:s.own ?>    <a href="<?cs var:s.path ?>/delete">Delete</a>
<?cs /if ?>
  </footer>
</article>
<?cs /def ?>

<?cs def:pagination() ?>
<?cs if:pagination.newer || pagination.older ?>
<nav class="pagination" aria-label="Pages">
<?cs if:pagination.newer ?>  <a rel="prev" href="<?cs var:pagination.newer ?>">&larr; Newer</a>
<?cs /if ?>
<?cs if:pagination.older ?>  <a rel="next" href="<?cs var:pagination.older ?>">Older &rarr;</a>
<?cs /if ?>
</nav>
<?cs /if ?>
<?cs /def ?>

<?cs # vis: the visibility selected at first; a reply starts with its
     parent's, so answering a private post stays private unless changed. ?>
<?cs def:compose_form(reply_to, mentions, vis) ?>
<form class="compose" method="post" action="/statuses">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
<?cs if:reply_to ?>  <input type="hidden" name="in_reply_to_id" value="<?cs var:reply_to ?>">
<?cs /if ?>
  <label for="status"><?cs if:reply_to ?>Your reply<?cs else ?>What's on your mind?<?cs /if ?></label>
  <textarea id="status" name="status" rows="4" maxlength="<?cs var:site.max_status_length ?>" required><?cs var:mentions ?></textarea>
  <label for="spoiler_text">Content warning (optional)</label>
  <input type="text" id="spoiler_text" name="spoiler_text" maxlength="<?cs var:site.max_status_length ?>">
  <label for="visibility">Who can see it</label>
  <select id="visibility" name="visibility">
    <option value="public"<?cs if:vis == "public" ?> selected<?cs /if ?>>Public</option>
    <option value="unlisted"<?cs if:vis == "unlisted" ?> selected<?cs /if ?>>Unlisted (not on public timelines)</option>
    <option value="private"<?cs if:vis == "private" ?> selected<?cs /if ?>>Followers only</option>
    <option value="direct"<?cs if:vis == "direct" ?> selected<?cs /if ?>>Mentioned people only</option>
  </select>
  <button type="submit">Post</button>
  <small>Up to <?cs var:site.max_status_length ?> characters.</small>
</form>
<?cs /def ?>
