// DevTools page: registers the "Conversations" panel. Nothing else.
import browser from 'webextension-polyfill';

void browser.devtools.panels.create('Conversations', '', 'panel.html');
