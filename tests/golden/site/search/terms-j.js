(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_j"]={"jack":[0],"join":[0],"joining":[0]};
