<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1 class="visually-hidden">Home</h1>
<?cs call:compose_form("", "", "public") ?>
<section class="timeline" aria-label="Home timeline">
<?cs uvar:statuses_html ?>
<?cs if:!statuses_html ?><p class="empty">Nothing here yet. Post something, or follow people from the <a href="/public/local">local timeline</a>.</p><?cs /if ?>
</section>
<?cs call:pagination() ?>
<?cs include:"footer.cs" ?>
