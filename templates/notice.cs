<?cs include:"header.cs" ?>
<section class="notice">
  <h1><?cs var:page.title ?></h1>
  <p><?cs var:notice ?></p>
</section>
<?cs include:"footer.cs" ?>
