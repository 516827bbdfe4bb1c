<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1 class="visually-hidden">Post by <?cs var:status.account.display_name ?></h1>
<section class="thread">
<?cs each:s = ancestors ?><?cs call:status_item(s, "") ?><?cs /each ?>
<?cs call:status_item(status, "1") ?>
<?cs if:viewer.username ?><div id="reply"><?cs call:compose_form(status.id, status.reply_mentions, status.reply_visibility) ?></div><?cs /if ?>
<?cs each:s = descendants ?><?cs call:status_item(s, "") ?><?cs /each ?>
</section>
<?cs include:"footer.cs" ?>
