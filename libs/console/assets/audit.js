// Progressive enhancement only: without this file the revision slider's form has its own button.
// With it, letting go of the slider (or a key on it) shows that revision at once.
for (const slider of document.querySelectorAll('[data-audit-submit-on-change]')) {
  slider.addEventListener('change', () => slider.form?.requestSubmit());
}
