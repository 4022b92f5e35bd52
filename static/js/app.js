// Starts GOV.UK Frontend's and MoJ Frontend's components on pages that already work without
// JavaScript. Loaded as a module, so browsers too old for the components skip it entirely.
import { initAll as initGovUk } from '../govuk/govuk-frontend.min.js'
import { initAll as initMoj } from '../moj/moj-frontend.min.js'

initGovUk()
initMoj()
