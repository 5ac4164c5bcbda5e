// 分享 on a 公开 article: 复制链接 copies the address shown beside it (the field stays selectable by hand when the
// browser refuses the clipboard, e.g. over plain HTTP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-share-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.shareCopy);
  if (!field) return;
  const done = () => {
    button.textContent = "已复制";
  };
  field.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, () => {
      button.textContent = "请长按链接复制";
    });
  } else {
    button.textContent = "请长按链接复制";
  }
});
