<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<section class="profile h-card">
  <img class="avatar large" src="<?cs var:profile.avatar ?>" alt="" width="96" height="96">
  <h1><span class="p-name"><?cs var:profile.display_name ?></span> <small class="acct">@<?cs var:profile.acct ?><?cs if:!profile.domain ?>@<?cs var:site.domain ?><?cs /if ?></small></h1>
  <?cs if:profile.bot ?><p class="badge">Automated account</p><?cs /if ?>
<?cs # note_html and the fields' value_html: our formatter's output for
     local accounts, sanitized remote HTML otherwise (see macros.cs);
     never raw input. ?>
  <div class="note"><?cs uvar:profile.note_html ?></div>
<?cs if:profile.domain ?>  <p class="original"><a href="<?cs var:profile.url ?>" rel="nofollow noopener noreferrer">See the original profile on <?cs var:profile.domain ?></a></p>
<?cs /if ?>
<?cs if:subcount(profile.fields) ?>
  <dl class="fields">
<?cs each:f = profile.fields ?>    <div><dt><?cs var:f.name ?></dt><dd><?cs uvar:f.value_html ?></dd></div>
<?cs /each ?>  </dl>
<?cs /if ?>
  <dl class="counts">
    <div><dt>Posts</dt><dd class="statuses-count"><?cs var:profile.statuses_count ?></dd></div>
    <div><dt>Following</dt><dd class="following-count"><?cs var:profile.following_count ?></dd></div>
    <div><dt>Followers</dt><dd class="followers-count"><?cs var:profile.followers_count ?></dd></div>
  </dl>
<?cs if:profile.can_follow ?>
  <form method="post" action="<?cs var:profile.path ?>/<?cs if:profile.following || profile.requested ?>unfollow<?cs else ?>follow<?cs /if ?>">
    <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
<?cs if:profile.requested && profile.domain && !profile.locked ?>    <p class="follow-requested">You asked to follow this account; its server has not answered yet.</p>
<?cs elif:profile.requested ?>    <p class="follow-requested">You asked to follow this account; it approves its followers itself.</p>
<?cs elif:profile.locked && !profile.following ?>    <p class="follow-locked">This account approves its followers itself.</p>
<?cs /if ?>
    <button type="submit"><?cs if:profile.following ?>Unfollow<?cs elif:profile.requested ?>Withdraw follow request<?cs elif:profile.locked ?>Ask to follow<?cs else ?>Follow<?cs /if ?></button>
  </form>
<?cs /if ?>
</section>
<section class="timeline" aria-label="Posts">
<?cs uvar:statuses_html ?>
<?cs if:!statuses_html ?><p class="empty">No posts.</p><?cs /if ?>
</section>
<?cs call:pagination() ?>
<?cs include:"footer.cs" ?>
