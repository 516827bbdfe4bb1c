</main>
<footer class="site">
  <p><?cs var:site.title ?> &middot; <?cs var:site.domain ?> &middot; powered by woolly</p>
</footer>
</body>
</html>
