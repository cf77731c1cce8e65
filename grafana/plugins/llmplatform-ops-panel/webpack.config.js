// The plugin bundle as Grafana loads it (an AMD module.js; React and the @grafana packages come from Grafana
// itself), with plugin.json and the logo beside it: what @grafana/create-plugin's webpack config produces.
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { version } = require('./package.json');

module.exports = (env, argv) => ({
  mode: argv.mode || 'production',
  context: path.join(__dirname, 'src'),
  entry: { module: './module.ts' },
  devtool: 'source-map',
  output: {
    path: path.join(__dirname, 'dist'),
    filename: '[name].js',
    library: { type: 'amd' },
    clean: true,
  },
  externals: ['react', 'react-dom', 'rxjs', 'lodash', '@emotion/css', '@emotion/react', /^@grafana\/(ui|runtime|data|schema)/],
  resolve: { extensions: ['.ts', '.tsx', '.js'] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              target: 'es2020',
              parser: { syntax: 'typescript', tsx: true },
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
    ],
  },
  plugins: [
    new CopyWebpackPlugin({
      patterns: [
        {
          from: 'plugin.json',
          to: '.',
          transform: (content) =>
            content
              .toString()
              .replace('%VERSION%', version)
              .replace('%TODAY%', new Date().toISOString().substring(0, 10)),
        },
        { from: 'img', to: 'img' },
        { from: '../README.md', to: '.' },
      ],
    }),
  ],
  performance: { hints: false },
});
