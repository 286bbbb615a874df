// "Exit this page": leave at once and keep this site out of the back button.
// The button is an ordinary link and works without this script.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-quick-exit]");
  if (!link) return;
  event.preventDefault();
  document.body.style.visibility = "hidden";
  window.location.replace(link.href);
});
