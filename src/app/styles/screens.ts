// The screens' styles (screens.scss) as a module: each lazy screen's loader imports it with the screen's code, so the
// stylesheet is in place before the screen first renders, and is prefetched with the screens.
import './screens.scss';
