<?cs include:"header.cs" ?>
<section class="follow-requests">
<h1>Follow requests</h1>
<?cs if:!locked ?><p class="intro">Your account is not locked: anyone may follow it without asking. You can lock it in <a href="/settings/profile">your profile settings</a>.</p><?cs /if ?>
<?cs each:r = requests ?>
<article class="account-card" id="request-<?cs var:r.id ?>">
  <a class="author" href="<?cs var:r.path ?>"><img class="avatar" src="<?cs var:r.avatar ?>" alt="" width="40" height="40"> <strong><?cs var:r.display_name ?></strong> <span class="acct">@<?cs var:r.acct ?></span></a>
  <div class="actions">
    <form method="post" action="/follow_requests/<?cs var:r.id ?>/authorize" class="inline">
      <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
      <button type="submit">Approve</button>
    </form>
    <form method="post" action="/follow_requests/<?cs var:r.id ?>/reject" class="inline">
      <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
      <button type="submit" class="danger">Reject</button>
    </form>
  </div>
</article>
<?cs /each ?>
<?cs if:!subcount(requests) ?><p class="empty">No one is waiting for your approval.</p><?cs /if ?>
</section>
<?cs include:"macros.cs" ?>
<?cs call:pagination() ?>
<?cs include:"footer.cs" ?>
