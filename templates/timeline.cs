<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1><?cs var:page.heading ?></h1>
<p class="intro"><?cs var:page.intro ?></p>
<section class="timeline" aria-label="<?cs var:page.heading ?>">
<?cs each:s = statuses ?><?cs call:status_item(s, "") ?><?cs /each ?>
<?cs if:!subcount(statuses) ?><p class="empty">No posts here.</p><?cs /if ?>
</section>
<?cs call:pagination() ?>
<?cs include:"footer.cs" ?>
