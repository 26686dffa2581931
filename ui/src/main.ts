import './styles/tokens.css';
import './components/cairn-app.js';
