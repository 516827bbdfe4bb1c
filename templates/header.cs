<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs if:page.title ?><?cs var:page.title ?> - <?cs /if ?><?cs var:site.title ?></title>
<link rel="stylesheet" href="/static/woolly.css">
</head>
<body>
<header class="site">
  <a class="brand" href="/"><?cs var:site.title ?></a>
  <nav aria-label="Main">
    <ul>
<?cs if:viewer.username ?>
      <li><a href="/home">Home</a></li>
      <li><a href="/public/local">Local</a></li>
      <li><a href="/notifications">Notifications<?cs if:viewer.notifications_unread ?> <span class="unread-count">(<?cs var:viewer.notifications_unread ?><span class="visually-hidden"> new</span>)</span><?cs /if ?></a></li>
      <li><a href="/@<?cs var:url_escape(viewer.username) ?>">@<?cs var:viewer.username ?></a></li>
      <li><a href="/follow_requests">Follow requests</a></li>
      <li><a href="/settings/profile">Edit profile</a></li>
      <li><a href="/settings/applications">Apps</a></li>
      <li><form method="post" action="/auth/sign_out" class="inline">
        <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
        <button type="submit" class="link">Sign out</button>
      </form></li>
<?cs else ?>
      <li><a href="/public/local">Local</a></li>
      <li><a href="/auth/sign_in">Sign in</a></li>
<?cs if:site.registrations_open ?>      <li><a href="/auth/sign_up">Sign up</a></li>
<?cs /if ?>
<?cs /if ?>
    </ul>
  </nav>
  <form class="search-box" method="get" action="/search" role="search">
    <label class="visually-hidden" for="site-search">Search</label>
    <input type="search" id="site-search" name="q" placeholder="Search" maxlength="500">
    <button type="submit">Search</button>
  </form>
</header>
<main>
