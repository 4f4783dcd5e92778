// Progressive enhancement of the risk assessment form: the score and band update as answers are
// given. Without this file, "Check score" asks the server, which scores the same way
// (libs/console/src/practitioner/risk-score.ts) from the same scheme, given here in data- attributes.

const BAND_ORDER = ['none', 'mild', 'moderate', 'significant'];
const BAND_TAG = { none: 'govuk-tag--grey', mild: 'govuk-tag--yellow', moderate: 'govuk-tag--orange', significant: 'govuk-tag--red' };
const YOUNG_CHILD_MIN_BAND = 'moderate';

const form = document.querySelector('[data-risk-form]');
const panel = document.querySelector('[data-risk-score-panel]');

if (form && panel) {
  const scheme = JSON.parse(panel.dataset.riskScheme);
  const assessedOn = panel.dataset.assessedOn;
  const childAge = panel.dataset.childAge === '' ? undefined : Number(panel.dataset.childAge);
  const youngChildMaxAge = Number(panel.dataset.youngChildMaxAge);
  const labelOf = (band) => scheme.bands.find((b) => b.band === band)?.label ?? band;

  const update = () => {
    const result = score();
    panel.querySelector('[data-risk-score]').textContent = String(result.score);
    const tag = panel.querySelector('[data-risk-band]');
    tag.textContent = labelOf(result.band);
    tag.className = `govuk-tag ${BAND_TAG[result.band]}`;
    const raised = panel.querySelector('[data-risk-raised]');
    raised.replaceChildren(
      ...result.raisedBecause.map((text) => {
        const item = document.createElement('li');
        item.textContent = text;
        return item;
      }),
    );
    panel.querySelector('[data-risk-incomplete]').hidden = result.incompleteSigns === 0;
  };

  const score = () => {
    const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
    let total = new Set(checked('vulnerabilities')).size * scheme.weights.vulnerability;
    let incompleteSigns = 0;
    let significantRecent = false;
    for (const code of checked('signs')) {
      const severity = checked(`sign-${code}-severity`)[0];
      const lastObserved = dateOf(`sign-${code}-lastObserved`);
      if (!severity || !lastObserved) {
        incompleteSigns += 1;
        continue;
      }
      const recency = lastObserved >= addMonths(assessedOn, -scheme.recency.recentMonths) ? 'recent' : lastObserved >= addMonths(assessedOn, -scheme.recency.earlierMonths) ? 'earlier' : 'older';
      if (recency === 'older') continue;
      total += scheme.weights[severity][recency];
      if (severity === 'significant' && recency === 'recent') significantRecent = true;
    }
    let band = [...scheme.bands].reverse().find((b) => total >= b.minScore)?.band ?? scheme.bands[0].band;
    const raisedBecause = [];
    const raise = (least, why) => {
      if (BAND_ORDER.indexOf(least) <= BAND_ORDER.indexOf(band)) return;
      band = least;
      raisedBecause.push(why);
    };
    if (childAge !== undefined && childAge <= youngChildMaxAge && significantRecent) {
      raise(
        YOUNG_CHILD_MIN_BAND,
        `A child aged ${youngChildMaxAge} or under with a significant sign within ${scheme.recency.recentMonths} months is at least ${labelOf(YOUNG_CHILD_MIN_BAND)}`,
      );
    }
    const top = scheme.bands[scheme.bands.length - 1].band;
    if (checked('disclosure')[0] === 'yes') raise(top, `A disclosure of exploitation sets the highest band (${labelOf(top)})`);
    return { score: total, band, raisedBecause, incompleteSigns };
  };

  /** YYYY-MM-DD from a date input's day, month and year, when they make a real date. */
  const dateOf = (id) => {
    const value = (part) => (form.querySelector(`[name="${id}-${part}"]`)?.value ?? '').trim();
    const [day, month, year] = [value('day'), value('month'), value('year')];
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
    const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (date.getUTCFullYear() !== Number(year) || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
    return date.toISOString().slice(0, 10);
  };

  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();
}

/** Calendar months on a YYYY-MM-DD date, kept within the month, as the scheme counts them. */
function addMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
