/**
 * Common issuers Tessera has a mark for: how an account is matched to one (names and domains) and its
 * brand colour. The marks themselves are drawn in issuer-drawings.tsx.
 */
export interface IssuerMark {
  id: string;
  /** The name shown to screen readers (the tile itself is decorative next to the issuer's name). */
  title: string;
  /** Issuer names, lower case letters and digits only ("Amazon Web Services" → "amazonwebservices"). */
  names: readonly string[];
  domains: readonly string[];
  background: string;
}

export const ISSUER_MARKS: readonly IssuerMark[] = [
  { id: 'github', title: 'GitHub', names: ['github'], domains: ['github.com'], background: '#181717' },
  { id: 'google', title: 'Google', names: ['google', 'gmail', 'googleworkspace'], domains: ['google.com', 'gmail.com'], background: '#ffffff' },
  { id: 'microsoft', title: 'Microsoft', names: ['microsoft', 'outlook', 'azure', 'office365', 'microsoft365', 'xbox'], domains: ['microsoft.com', 'outlook.com', 'hotmail.com', 'live.com'], background: '#ffffff' },
  { id: 'aws', title: 'Amazon Web Services', names: ['aws', 'amazonwebservices', 'awsconsole'], domains: ['aws.amazon.com'], background: '#232f3e' },
  { id: 'amazon', title: 'Amazon', names: ['amazon'], domains: ['amazon.com', 'amazon.co.uk', 'amazon.de'], background: '#131921' },
  { id: 'dropbox', title: 'Dropbox', names: ['dropbox'], domains: ['dropbox.com'], background: '#0061ff' },
  { id: 'slack', title: 'Slack', names: ['slack'], domains: ['slack.com'], background: '#4a154b' },
  { id: 'gitlab', title: 'GitLab', names: ['gitlab'], domains: ['gitlab.com'], background: '#fc6d26' },
  { id: 'discord', title: 'Discord', names: ['discord'], domains: ['discord.com', 'discordapp.com'], background: '#5865f2' },
  { id: 'x', title: 'X (Twitter)', names: ['x', 'twitter', 'xcom'], domains: ['twitter.com', 'x.com'], background: '#000000' },
  { id: 'facebook', title: 'Facebook', names: ['facebook', 'meta', 'instagram'], domains: ['facebook.com', 'meta.com', 'instagram.com'], background: '#1877f2' },
  { id: 'apple', title: 'Apple', names: ['apple', 'appleid', 'icloud'], domains: ['apple.com', 'icloud.com', 'me.com'], background: '#1d1d1f' },
  { id: 'cloudflare', title: 'Cloudflare', names: ['cloudflare'], domains: ['cloudflare.com'], background: '#f38020' },
  { id: 'digitalocean', title: 'DigitalOcean', names: ['digitalocean'], domains: ['digitalocean.com'], background: '#0080ff' },
  { id: 'bitwarden', title: 'Bitwarden', names: ['bitwarden'], domains: ['bitwarden.com'], background: '#175ddc' },
  { id: '1password', title: '1Password', names: ['1password', 'onepassword'], domains: ['1password.com'], background: '#0572ec' },
  { id: 'proton', title: 'Proton', names: ['proton', 'protonmail', 'protonvpn', 'protonpass'], domains: ['proton.me', 'protonmail.com'], background: '#6d4aff' },
  { id: 'reddit', title: 'Reddit', names: ['reddit'], domains: ['reddit.com'], background: '#ff4500' },
  { id: 'twitch', title: 'Twitch', names: ['twitch'], domains: ['twitch.tv'], background: '#9146ff' },
  { id: 'steam', title: 'Steam', names: ['steam', 'steamguard', 'valve'], domains: ['steampowered.com', 'steamcommunity.com'], background: '#171a21' },
  { id: 'paypal', title: 'PayPal', names: ['paypal'], domains: ['paypal.com'], background: '#003087' },
  { id: 'coinbase', title: 'Coinbase', names: ['coinbase'], domains: ['coinbase.com'], background: '#0052ff' },
  { id: 'binance', title: 'Binance', names: ['binance'], domains: ['binance.com'], background: '#1e2026' },
  { id: 'atlassian', title: 'Atlassian', names: ['atlassian', 'jira', 'confluence', 'bitbucket', 'trello'], domains: ['atlassian.com', 'atlassian.net', 'bitbucket.org', 'trello.com'], background: '#0052cc' },
  { id: 'stripe', title: 'Stripe', names: ['stripe'], domains: ['stripe.com'], background: '#635bff' },
];
