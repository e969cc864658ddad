/** devalue's parser alone, the chunk a browser loads for island props that JSON cannot hold. */
export { parse } from 'devalue';
