import helloHost from './hello-host.json';

export const foundationLessons: readonly unknown[] = [helloHost];
