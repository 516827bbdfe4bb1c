<?cs include:"header.cs" ?>
<section class="settings">
<h1>Edit profile</h1>
<?cs if:saved ?><p class="form-saved" role="status">Your profile has been saved. <a href="<?cs var:profile.path ?>">See it</a>.</p><?cs /if ?>
<?cs if:errors.form ?><p class="form-error" role="alert"><?cs var:errors.form ?></p><?cs /if ?>
<form method="post" action="/settings/profile">
  <input type="hidden" name="authenticity_token" value="<?cs var:csrf ?>">
  <label for="display_name">Display name</label>
  <input type="text" id="display_name" name="display_name" value="<?cs var:form.display_name ?>" maxlength="<?cs var:limits.display_name ?>">
  <small>Up to <?cs var:limits.display_name ?> characters; your username shows when it is empty.</small>
  <label for="note">Bio</label>
  <textarea id="note" name="note" rows="4" maxlength="<?cs var:limits.note ?>"><?cs var:form.note ?></textarea>
  <small>Up to <?cs var:limits.note ?> characters. Links, @mentions and #hashtags work as in posts.</small>
  <fieldset class="fields">
    <legend>Profile fields</legend>
    <small>Up to four label and content pairs shown on your profile, such as a website or pronouns.</small>
<?cs each:f = form.fields ?>
    <div class="field-row">
      <label for="field-<?cs name:f ?>-name">Label</label>
      <input type="text" id="field-<?cs name:f ?>-name" name="fields_attributes[<?cs name:f ?>][name]" value="<?cs var:f.name ?>" maxlength="<?cs var:limits.field_name ?>">
      <label for="field-<?cs name:f ?>-value">Content</label>
      <input type="text" id="field-<?cs name:f ?>-value" name="fields_attributes[<?cs name:f ?>][value]" value="<?cs var:f.value ?>" maxlength="<?cs var:limits.field_value ?>">
    </div>
<?cs /each ?>
  </fieldset>
  <fieldset class="switches">
    <legend>Account</legend>
    <label class="check"><input type="checkbox" name="locked" value="1"<?cs if:form.locked == "1" ?> checked<?cs /if ?>><input type="hidden" name="locked" value="0"> Approve followers by hand (a locked account)</label>
    <label class="check"><input type="checkbox" name="discoverable" value="1"<?cs if:form.discoverable == "1" ?> checked<?cs /if ?>><input type="hidden" name="discoverable" value="0"> Suggest this account to others and list it in the directory</label>
    <label class="check"><input type="checkbox" name="indexable" value="1"<?cs if:form.indexable == "1" ?> checked<?cs /if ?>><input type="hidden" name="indexable" value="0"> Let anyone find my public posts in search</label>
    <label class="check"><input type="checkbox" name="hide_collections" value="1"<?cs if:form.hide_collections == "1" ?> checked<?cs /if ?>><input type="hidden" name="hide_collections" value="0"> Hide whom I follow and who follows me</label>
    <label class="check"><input type="checkbox" name="bot" value="1"<?cs if:form.bot == "1" ?> checked<?cs /if ?>><input type="hidden" name="bot" value="0"> This is an automated account (a bot)</label>
  </fieldset>
  <button type="submit">Save</button>
</form>
</section>
<?cs include:"footer.cs" ?>
