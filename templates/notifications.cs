<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1>Notifications</h1>
<?cs if:subcount(notifications) ?>
<form class="notifications-clear" method="post" action="/notifications/clear">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
  <button type="submit" class="danger">Clear all notifications</button>
</form>
<?cs /if ?>
<section class="notifications" aria-label="Notifications">
<?cs each:n = notifications ?>
<article class="notification <?cs var:n.type ?><?cs if:n.unread ?> unread<?cs /if ?>" id="notification-<?cs var:n.id ?>">
  <p><a href="<?cs var:n.account.path ?>"><strong><?cs var:n.account.display_name ?></strong></a> <span class="acct">@<?cs var:n.account.acct ?></span> <?cs var:n.action ?> <time datetime="<?cs var:n.created_at ?>" class="acct"><?cs var:n.created_at_short ?></time><?cs if:n.unread ?> <span class="visually-hidden">(new)</span><?cs /if ?></p>
<?cs uvar:n.status_html ?>
</article>
<?cs /each ?>
<?cs if:!subcount(notifications) ?><p class="empty">No notifications. When someone follows you, mentions you, boosts or favourites your posts, it shows here.</p><?cs /if ?>
</section>
<?cs call:pagination() ?>
<?cs include:"footer.cs" ?>
