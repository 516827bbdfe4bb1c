<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1 class="visually-hidden">Post by <?cs var:status.account.display_name ?></h1>
<section class="thread">
<?cs uvar:ancestors_html ?>
<?cs uvar:status.article_html ?>
<?cs if:viewer.username ?><div id="reply"><?cs call:compose_form(status.id, status.reply_mentions, status.reply_visibility) ?></div><?cs /if ?>
<?cs uvar:descendants_html ?>
</section>
<?cs include:"footer.cs" ?>
