<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:page.heading ?></h1>
<p class="intro"><?cs var:page.intro ?></p>
<section class="timeline" aria-label="<?cs var:page.heading ?>">
<?cs uvar:statuses_html ?>
<?cs if:!statuses_html ?><p class="empty">No posts here.</p><?cs /if ?>
</section>
<?cs call:pagination() ?>
<?cs include:"footer.cs" ?>
