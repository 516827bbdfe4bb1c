<?cs include:"header.cs" ?>
<section class="error">
  <h1><?cs var:error.status ?> <?cs var:error.title ?></h1>
  <p><?cs var:error.message ?></p>
  <p><a href="/">Go to the start page</a></p>
</section>
<?cs include:"footer.cs" ?>
