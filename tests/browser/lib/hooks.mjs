// The stable hooks the tests rely on, agreed with the templates (templates/macros.html,
// templates/timeline.html, static/timeline.js). Change them here and there together.

/** A timeline entry: an element with the slug as its id and its kind in data-kind. */
export const ENTRY = '.timeline [data-kind]';

/** The filter form on the timeline, hidden until its script runs. */
export const FILTER_FORM = '#timeline_filters';

/** Kind filter controls: one checkbox per kind (`value` = kind), or a select, or buttons. */
export const KIND_CHECKBOX = 'input[type=checkbox][name=kind]';
export const KIND_SELECT = 'select[name=kind]';
export const KIND_BUTTON = '[data-filter-kind]';

/** Term filters: selects whose option values are slugs, matched against data-tags etc. */
export const TERM_SELECTS = { tag: 'tags', person: 'people', outlet: 'outlets' };
