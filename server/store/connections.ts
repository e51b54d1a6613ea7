
export interface ConnectionRow {
  id: string;
  name: string;
  strategy: string;
}

export interface ConnectionRepo {
  all(): Promise<ConnectionRow[]>;
  find(id: string): Promise<ConnectionRow | undefined>;
  findByName(name: string): Promise<ConnectionRow | undefined>;
}
