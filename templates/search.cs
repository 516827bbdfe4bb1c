<?cs include:"header.cs" ?>
<?cs include:"macros.cs" ?>
<h1>Search</h1>
<form class="search" method="get" action="/search" role="search">
  <label for="search-q">People, hashtags<?cs if:viewer.username ?> and posts<?cs /if ?></label>
  <input type="search" id="search-q" name="q" value="<?cs var:search.q ?>" maxlength="500" required>
<?cs if:search.type ?>  <input type="hidden" name="type" value="<?cs var:search.type ?>">
<?cs /if ?>
  <button type="submit">Search</button>
</form>
<?cs if:!viewer.username ?><p class="intro">Sign in to search posts too: you will find public posts of people who allow it, and your own.</p><?cs /if ?>
<?cs if:search.done ?>
<?cs if:subcount(results.accounts) ?>
<section class="results accounts" aria-label="People">
  <h2>People</h2>
  <ul class="accounts">
<?cs each:a = results.accounts ?>    <li><a class="author" href="<?cs var:a.path ?>"><img class="avatar" src="<?cs var:a.avatar ?>" alt="" width="40" height="40"> <strong><?cs var:a.display_name ?></strong> <span class="acct">@<?cs var:a.acct ?></span></a></li>
<?cs /each ?>  </ul>
<?cs if:more.accounts ?>  <a href="<?cs var:more.accounts ?>">More people</a>
<?cs /if ?></section>
<?cs /if ?>
<?cs if:subcount(results.hashtags) ?>
<section class="results hashtags" aria-label="Hashtags">
  <h2>Hashtags</h2>
  <ul class="hashtags">
<?cs each:t = results.hashtags ?>    <li><a href="<?cs var:t.path ?>">#<?cs var:t.name ?></a> <span class="acct"><?cs if:t.uses == 1 ?>1 post<?cs else ?><?cs var:t.uses ?> posts<?cs /if ?> this week</span></li>
<?cs /each ?>  </ul>
<?cs if:more.hashtags ?>  <a href="<?cs var:more.hashtags ?>">More hashtags</a>
<?cs /if ?></section>
<?cs /if ?>
<?cs if:results.statuses_html ?>
<section class="results timeline" aria-label="Posts">
  <h2>Posts</h2>
<?cs uvar:results.statuses_html ?>
<?cs if:more.statuses ?>  <a href="<?cs var:more.statuses ?>">More posts</a>
<?cs /if ?></section>
<?cs /if ?>
<?cs if:results.count == 0 ?><p class="empty">Nothing found.</p><?cs /if ?>
<?cs call:pagination() ?>
<?cs /if ?>
<?cs include:"footer.cs" ?>
