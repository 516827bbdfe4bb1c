<?cs # Shared pieces: pagination, the compose form. A status in a list
     is written by cgi/web_status_html.c, which escapes every value, and
     printed here with uvar: (statuses_html and the like), as are
     note_html and content_html: HTML we produced (lib/format.c) or
     remote HTML that passed the sanitizer before it was stored. Those are
     the only values printed without escaping. ?>
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
