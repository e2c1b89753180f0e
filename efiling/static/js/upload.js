// Progressive enhancement: show a progress bar while files upload. Without JavaScript the form
// posts normally and the page answers the same way.
document.querySelectorAll("form[data-upload]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.XMLHttpRequest || !window.FormData) return;
    event.preventDefault();
    const bar = form.querySelector("progress");
    const status = form.querySelector(".upload-status");
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", (progress) => {
      if (!progress.lengthComputable) return;
      bar.hidden = false;
      bar.value = Math.round((progress.loaded / progress.total) * 100);
      status.textContent = `Uploading: ${bar.value}%`;
    });
    request.addEventListener("load", () => {
      status.textContent = "Checking the files...";
      document.open();
      document.write(request.responseText);
      document.close();
      if (request.responseURL) history.replaceState(null, "", request.responseURL);
    });
    request.addEventListener("error", () => {
      status.textContent = "The upload failed: check your connection and try again.";
    });
    request.send(new FormData(form));
  });
});
