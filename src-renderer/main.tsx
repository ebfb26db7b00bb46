import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, locateAdmin } from './api';
import { App } from './App';
import { OutcropProvider } from './context';
import './styles.css';

const { baseUrl, token } = locateAdmin();
const api = createApi(baseUrl, token);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <OutcropProvider api={api}>
      <App hasToken={token !== ''} />
    </OutcropProvider>
  </StrictMode>,
);
