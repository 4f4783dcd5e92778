/**
 * The contexts whose records this service's auditors replay. Loading them declares their stream
 * kinds and views (`streamDefinitions()`, `streamViews()` in @app/common), from which the audit
 * library builds its record kinds without importing any context.
 */
import '@app/cases';
import '@app/intelligence';
import '@app/sharing';
