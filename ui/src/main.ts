import './styles/tokens.css';
import './app/cairn-app.js';
