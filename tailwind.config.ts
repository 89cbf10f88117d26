import type { Config } from 'tailwindcss';

// Loaded by app/globals.css through `@config` (Tailwind 4 ignores it otherwise).
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  darkMode: 'media',
  theme: { extend: {} },
};

export default config;
