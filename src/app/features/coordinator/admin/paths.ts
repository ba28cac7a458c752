// Addresses of the administration screens, where one links to another (the console shell routes them).
export const POT_PAGE_PATH = '/coordinator/pot';
