// Submits the SAML POST-binding form as soon as the page loads (the button is the no-script fallback).
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('saml-post');
  if (form) form.submit();
});
